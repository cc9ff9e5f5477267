// Instrumentation for the NAB driver only (compiled with -D NABDEBUG): what set the last score
// (1 level likelihood, 2 drift, 3 range, 4 spike, 5 variance, 6 flat-line, 7 spread).
nonisolated(unsafe) var nabSource = 0
