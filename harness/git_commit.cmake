# Run at every build (cmake -P): writes OUT, a header defining SIGHEAP_GIT_COMMIT, only when the
# commit changed, so that only harness/meta.cc recompiles, and only then.
execute_process(COMMAND git rev-parse --short=12 HEAD
                WORKING_DIRECTORY "${SOURCE_DIR}"
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET)
file(CONFIGURE OUTPUT "${OUT}"
     CONTENT "// Generated at build time by harness/git_commit.cmake.\n#define SIGHEAP_GIT_COMMIT \"${commit}\"\n")
