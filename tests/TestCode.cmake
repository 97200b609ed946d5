# rapport_plain_test_code([LINK]): in the sanitizer build, compiles the calling directory's own
# files (test code: fixtures, assertions, HTTP clients) without the ASan/UBSan instrumentation,
# which is what makes a file slow to compile. The product code under test stays instrumented.
#   no argument: the unit tests, which link the instrumented libraries: the sanitizer runtime is
#                still linked in.
#   LINK:        the API tests, which link no product code (they drive the instrumented server
#                binary over HTTP): no sanitizer at link time either, and -O0 (a client needs no
#                optimiser).
macro(rapport_plain_test_code)
  if(RAPPORT_SANITIZE)
    get_directory_property(_test_compile_options COMPILE_OPTIONS)
    list(FILTER _test_compile_options EXCLUDE REGEX "^-fsanitize|^-fno-sanitize|^-fno-omit-frame-pointer$")
    if("${ARGN}" STREQUAL "LINK")
      list(APPEND _test_compile_options -O0)
      get_directory_property(_test_link_options LINK_OPTIONS)
      list(FILTER _test_link_options EXCLUDE REGEX "^-fsanitize")
      set_directory_properties(PROPERTIES LINK_OPTIONS "${_test_link_options}")
    endif()
    set_directory_properties(PROPERTIES COMPILE_OPTIONS "${_test_compile_options}")
  endif()
endmacro()
