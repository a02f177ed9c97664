"""Wagtail API v2 for headless front ends: pages, images and documents."""
