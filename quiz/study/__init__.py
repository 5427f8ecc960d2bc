"""Scheduling, today's queue, and the study and exam sessions a front end drives."""
