/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lsan_suppressions: what LeakSanitizer is not to report in patchmilter, built in only
 * with PM_SANITIZE (the ASan+UBSan test build), so that it holds wherever the process
 * runs and whichever user it runs as.
 * OpenSSL 3 keeps per-thread state (its error queue, 904 bytes) for each thread that
 * used it, freed by a thread-exit destructor that its atexit cleanup removes: a
 * libmilter worker thread still alive when the milter exits is then reported, now and
 * then (seen once in t_fault_index). Our own EVP objects are checked by
 * t_milter_valgrind, whose stacks reach past libcrypto.
 */
const char *__lsan_default_suppressions(void);

const char *__lsan_default_suppressions(void)
{
    return "leak:libcrypto.so\n";
}
