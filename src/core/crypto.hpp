// Thin wrappers over libsodium: password hashing (argon2id), random API tokens, token hashes.
// Thread-safe. Call InitCrypto() once at start-up (it is idempotent).
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace rapport::core {

Status InitCrypto();
// argon2id, libsodium's "interactive" limits (64 MiB each); returns the encoded hash string.
// HashPassword and VerifyPassword share one process-wide set of slots, one per core: a call
// beyond that waits for a slot, so hashing never holds more than cores x 64 MiB.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);
struct PasswordHashLoad {
  int in_flight = 0;  // hashes or checks running now
  int waiting = 0;    // calls waiting for a slot
  int limit = 0;      // slots (the number of cores)
};
PasswordHashLoad CurrentPasswordHashLoad();
// "rpt_" + 43 base64url characters carrying 256 random bits.
std::string NewApiTokenSecret();
// 256 random bits, base64url without padding (43 characters): session cookies, CSRF tokens,
// password reset tickets.
std::string NewRandomSecret();
// Compares in time that depends only on the lengths, not on where the inputs differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);
// BLAKE2b-256 of the secret, hex. Only this is stored.
std::string HashTokenSecret(std::string_view secret);

}  // namespace rapport::core
