"""The window's rooms besides the workspace: applications, catalogue, outreach, statistics,
sync.  Each is a QWidget built as ``Room(db, runner, parent=None)`` that loads its data in the
background when ``refresh()`` is called (the main window calls it when the room is shown) and
never touches the database on the GUI thread."""
