// Instrumentation for the NAB driver only (compiled with -D NABDEBUG): what set the last score
// (1 level likelihood, 2 drift, 3 range, 4 spike, 5 variance, 6 flat-line, 7 spread); the features
// (level z, spike limit, drift z, variance z, spread, p level, p drift, score before the mutes); the
// mute the reading met (2 after an alert, 1 after a weaker onset, 0 none).
nonisolated(unsafe) var nabSource = 0
nonisolated(unsafe) var nabInfo = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
nonisolated(unsafe) var nabMute = 0
