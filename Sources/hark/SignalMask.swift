#if canImport(Glibc)
import Glibc
#endif

/// A daemon may inherit blocked signals from whatever spawned it; Hark relies on SIGTERM, SIGINT
/// and SIGHUP, so it unblocks everything before any thread starts.
enum SignalMask {
    static func unblockAll() {
        var none = sigset_t()
        sigfillset(&none)
        pthread_sigmask(SIG_UNBLOCK, &none, nil)
    }
}
