enum _KAMHTMLPlaceholder {}
