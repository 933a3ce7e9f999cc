"""Terminal mode: plain stdin/stdout, scriptable with `printf '1\\n2\\n' | ardojo play --text`."""
