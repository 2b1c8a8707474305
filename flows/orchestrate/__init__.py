"""Prefect tasks and flows: a short list of stage calls with retries, caching and logs."""
