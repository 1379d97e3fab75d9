"""The Streamlit UI, one module per page; strings in `ui.strings`, shared pieces in `ui.common`."""
