#include "core/crypto.hpp"

#include <sodium.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace rapport::core {
namespace {

// Each argon2id hash or check takes 64 MiB for its duration. Without a bound, as many run at
// once as there are threads calling (the server's 64 write threads: 4 GiB), so the slots are
// sized to the cores, where more at once would not finish sooner anyway; the rest wait.
class HashSlots {
 public:
  HashSlots() : limit_(static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))) {}

  class Held {
   public:
    explicit Held(HashSlots& slots) : slots_(slots) { slots_.Acquire(); }
    ~Held() { slots_.Release(); }
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;

   private:
    HashSlots& slots_;
  };

  PasswordHashLoad Load() {
    std::lock_guard lock(mutex_);
    return {in_flight_, waiting_, limit_};
  }

 private:
  void Acquire() {
    std::unique_lock lock(mutex_);
    ++waiting_;
    free_.wait(lock, [&] { return in_flight_ < limit_; });
    --waiting_;
    ++in_flight_;
  }
  void Release() {
    {
      std::lock_guard lock(mutex_);
      --in_flight_;
    }
    free_.notify_one();
  }

  const int limit_;
  std::mutex mutex_;
  std::condition_variable free_;
  int in_flight_ = 0;
  int waiting_ = 0;
};

HashSlots& Slots() {
  static HashSlots slots;
  return slots;
}

}  // namespace

PasswordHashLoad CurrentPasswordHashLoad() { return Slots().Load(); }

Status InitCrypto() {
  if (sodium_init() < 0) return Fail(Error::Internal("libsodium could not be initialised"));
  return {};
}

Result<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  HashSlots::Held slot(Slots());
  if (crypto_pwhash_str(out, password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return Fail(Error::Unavailable("out of memory while hashing the password"));
  return std::string(out);
}

bool VerifyPassword(std::string_view encoded_hash, std::string_view password) {
  if (encoded_hash.empty() || encoded_hash.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string hash(encoded_hash);  // needs a NUL-terminated string
  HashSlots::Held slot(Slots());
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string NewRandomSecret() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string(b64);
}

std::string NewApiTokenSecret() { return "rpt_" + NewRandomSecret(); }

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string HashTokenSecret(std::string_view secret) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, 64);
}

}  // namespace rapport::core
