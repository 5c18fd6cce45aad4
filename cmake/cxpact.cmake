# cx_library(NAME SRCS ... DEPS ... TESTS ...)
# One static library per folder with explicit dependencies, so the build checks the layering
# (after Abseil's absl_cc_library). TESTS are *_test.cc files beside the code; they link the
# library and GoogleTest and are registered with ctest.
function(cx_library name)
  cmake_parse_arguments(CX "" "" "SRCS;DEPS;TESTS;TEST_DEPS" ${ARGN})
  add_library(cxpact_${name} STATIC ${CX_SRCS})
  target_include_directories(cxpact_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(cxpact_${name} PUBLIC ${CX_DEPS})
  add_library(cxpact::${name} ALIAS cxpact_${name})
  if(CXPACT_BUILD_TESTS AND CX_TESTS)
    add_executable(cxpact_${name}_test ${CX_TESTS})
    target_link_libraries(cxpact_${name}_test PRIVATE cxpact_${name} ${CX_TEST_DEPS}
                          GTest::gtest GTest::gtest_main GTest::gmock)
    target_compile_definitions(cxpact_${name}_test PRIVATE
        CXPACT_SHARED_DIR="${CXPACT_SHARED_DIR}" CXPACT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    gtest_discover_tests(cxpact_${name}_test DISCOVERY_TIMEOUT 60
                         PROPERTIES ENVIRONMENT "TZ=UTC")
  endif()
endfunction()

# Where ../shared (specs, golden sets, real data) lives: beside the checkout by default.
set(CXPACT_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared" CACHE PATH "The shared/ folder")
