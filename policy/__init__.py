"""The first privacy-policy version, `policy.toml`, shipped as package data (`POLICY_FILE`)."""
