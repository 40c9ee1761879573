"""Each person's notification settings: the daily e-mail digest, on or off."""
