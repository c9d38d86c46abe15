"""Wirewatch's Streamlit dashboard."""
