"""xAPI 1.0.3: statements built from the stored calls, exported as JSON lines or sent to a Learning
Record Store through the `xapi_outbox` table (standard library only; no UI imports). See docs/xapi.md."""
