#include "domain/workspace/workspace.hpp"

#include <algorithm>
#include <array>

#include "domain/customer/customer_repo.hpp"
#include "domain/workspace/settings_repo.hpp"

namespace rapport::domain {
namespace {

constexpr std::string_view kCurrencies[] = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWL"};

constexpr std::string_view kCurrencyKey = "currency";

}  // namespace

bool IsKnownCurrency(std::string_view code) {
  return std::find(std::begin(kCurrencies), std::end(kCurrencies), code) != std::end(kCurrencies);
}

core::Result<std::string> WorkspaceCurrency(Txn& txn) {
  auto v = txn.Settings().Get(kCurrencyKey);
  if (!v) return core::Fail(v.error());
  return v->value_or(std::string(kDefaultCurrency));
}

core::Status SetWorkspaceCurrency(Txn& txn, std::string_view code) {
  if (!IsKnownCurrency(code))
    return core::Fail(core::Error::Invalid("currency", "not an ISO 4217 currency code (e.g. USD, EUR)"));
  auto current = WorkspaceCurrency(txn);
  if (!current) return core::Fail(current.error());
  if (*current == code) return {};
  CustomerQuery any;
  any.limit = 1;
  any.include_archived = true;
  auto rows = txn.Customers().List(any);
  if (!rows) return core::Fail(rows.error());
  if (!rows->empty())
    return core::Fail(core::Error::Conflict("the workspace currency is " + *current +
                                            " and customers exist; it cannot be changed now"));
  return txn.Settings().Set(kCurrencyKey, code);
}

}  // namespace rapport::domain
