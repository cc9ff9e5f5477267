#include "CALSAShim.h"
#include <alsa/asoundlib.h>
#include <stdarg.h>
#include <stdio.h>

static hark_alsa_log_fn hark_alsa_log = NULL;

static void hark_alsa_error_handler(const char *file, int line, const char *function, int err,
                                    const char *fmt, ...) {
    char message[512];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof message, fmt, args);
    va_end(args);
    hark_alsa_log_fn fn = hark_alsa_log;
    if (fn) fn(file, line, function, err, message);
}

int hark_alsa_set_log_handler(hark_alsa_log_fn fn) {
    hark_alsa_log = fn;
    return snd_lib_error_set_handler(fn ? hark_alsa_error_handler : NULL);
}
