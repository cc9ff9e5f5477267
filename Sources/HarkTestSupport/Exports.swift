/// Tests that use the stand-ins also get the timing helpers.
@_exported import HarkTestTiming
