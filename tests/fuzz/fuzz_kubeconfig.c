/*
 * Fuzzes the kubeconfig parser: any bytes must give either a resolved
 * context or an error message, never a crash, a leak or a read past the
 * input. sb_kubeconfig_parse reads no file and runs no exec plugin, so
 * the fuzzer cannot make it run commands.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sb_kubeconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const contexts[] = {NULL, "a", "in-cluster"};
    struct sb_kube_auth a;
    size_t i;

    for (i = 0; i < sizeof(contexts) / sizeof(contexts[0]); i++) {
        struct sb_err err = SB_ERR_INIT;
        int rc = sb_kubeconfig_parse((const char *)data, size, "fuzz.yaml",
                                     contexts[i], &a, &err);

        /* every failure explains itself; every success names a server */
        if (rc && !err.msg[0])
            __builtin_trap();
        if (!rc && (!a.server || !a.context))
            __builtin_trap();
        sb_kube_auth_release(&a);
    }
    return 0;
}
