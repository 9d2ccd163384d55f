"""Reading DUIS specifications (Word .docx, Markdown) into a model of sections, tables, terms and references."""
