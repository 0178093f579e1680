#ifndef HAVEN_CCURL_SHIM_H
#define HAVEN_CCURL_SHIM_H

#include <curl/curl.h>

// Typed wrappers around libcurl's variadic setters and getters.
//
// curl_easy_setopt(), curl_easy_getinfo() and curl_multi_setopt() are variadic, and Swift
// cannot call a C variadic function. Each wrapper below fixes the type of the third argument,
// so Swift calls a plain C function and the compiler checks the type. Which wrapper fits an
// option is given by the option's CURLOPTTYPE_* (or CURLINFO_* / CURLMOPT_*) class in curl.h.
// Everything here exists in Debian 12's libcurl 7.88.1.

#pragma clang assume_nonnull begin

/// Wrapper around curl_easy_setopt() for CURLOPTTYPE_LONG options (numbers and flags).
static inline CURLcode haven_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/// Wrapper around curl_easy_setopt() for CURLOPTTYPE_OFF_T options (sizes beyond 2 GiB).
static inline CURLcode haven_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// Wrapper around curl_easy_setopt() for CURLOPTTYPE_STRINGPOINT options.
///
/// libcurl copies the string (except CURLOPT_POSTFIELDS), so it only has to live for the call.
static inline CURLcode haven_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

/// Wrapper around curl_easy_setopt() for CURLOPTTYPE_OBJECTPOINT and CURLOPTTYPE_CBPOINT options.
///
/// libcurl keeps the pointer, not a copy: it must stay valid until the handle is cleaned up.
static inline CURLcode haven_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

/// Wrapper around curl_easy_setopt() for CURLOPTTYPE_SLISTPOINT options (CURLOPT_HTTPHEADER).
///
/// libcurl keeps the list, not a copy: free it with curl_slist_free_all() after the handle.
static inline CURLcode haven_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

/// Wrapper around curl_easy_setopt() for CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
///
/// The callback must not capture anything: pass its context with CURLOPT_WRITEDATA or
/// CURLOPT_HEADERDATA through haven_curl_easy_setopt_pointer().
static inline CURLcode haven_curl_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback _Nullable callback) {
    return curl_easy_setopt(handle, option, callback);
}

/// Wrapper around curl_easy_getinfo() for CURLINFO_LONG values (such as CURLINFO_RESPONSE_CODE).
static inline CURLcode haven_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

#pragma clang assume_nonnull end

#endif
