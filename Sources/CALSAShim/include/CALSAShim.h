#ifndef HARK_CALSA_SHIM_H
#define HARK_CALSA_SHIM_H

/// Receives one formatted alsa-lib error line (file, line, function, err, message).
typedef void (*hark_alsa_log_fn)(const char *file, int line, const char *function, int err,
                                 const char *message);

/// Routes alsa-lib's variadic error handler to `fn` (NULL restores the default stderr handler).
/// Formatting happens here because Swift cannot implement a C variadic function.
int hark_alsa_set_log_handler(hark_alsa_log_fn fn);

#endif
