"""Running the emulator: uvicorn in a thread, the in-process transports, connection limits."""
