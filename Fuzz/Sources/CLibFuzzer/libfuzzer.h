// The one libFuzzer entry point the harnesses call (public API since LLVM 11, defined in
// libclang_rt.fuzzer, which `-sanitize=fuzzer` links). Declared here because Swift cannot declare
// a C function itself; nothing else from libFuzzer is used.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
