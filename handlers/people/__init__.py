"""Routers of a person's own steps: /start and the commands open at every stage,
onboarding, the main menu, the step a user is guided back to, membership updates."""
