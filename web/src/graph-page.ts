// The graph page's script; filled in with the graph view.
