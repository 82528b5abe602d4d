"""One module per resource: parse the call, ask the store, serialize the answer."""
