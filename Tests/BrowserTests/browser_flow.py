"""Selenium flow for BrowserTests (filled in later this session)."""
