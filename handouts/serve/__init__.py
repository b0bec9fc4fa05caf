"""`handouts serve`: a one-screen local web form for the clinician in the room.

The form builds the same Request the command line builds and shows the core's
problems next to the fields they concern. Patient details stay in memory: they
travel only in POST bodies and come back only in no-store responses.
"""
