# The English translation is complete and current: lupdate over the sources, run on a copy of the
# committed qml/i18n/feltnotat_en.ts, must leave it unchanged (no string added or gone since the last
# feltnotat_gui_lupdate) and without an unfinished entry. A text moved to another QML file changes
# its context, so without this the English window silently showed Bokmål for it.
# Arguments: -DLUPDATE=… -DTS=… -DOUT=… -DSOURCES=a|b|c -DWORKDIR=…
string(REPLACE "|" ";" sources "${SOURCES}")
configure_file(${TS} ${OUT} COPYONLY)
execute_process(COMMAND ${LUPDATE} -silent -locations none -no-obsolete ${sources} -ts ${OUT}
    WORKING_DIRECTORY ${WORKDIR} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "lupdate failed (${rc})")
endif()
file(READ ${TS} committed)
file(READ ${OUT} updated)
if(NOT committed STREQUAL updated)
    execute_process(COMMAND diff -u ${TS} ${OUT})
    message(FATAL_ERROR "qml/i18n/feltnotat_en.ts is not current: build the feltnotat_gui_lupdate target "
        "and translate what it adds")
endif()
string(REGEX MATCHALL "<source>[^<]*</source>[ \n]*<translation type=\"unfinished\"" open "${updated}")
list(LENGTH open count)
if(count GREATER 0)
    message(FATAL_ERROR "${count} unfinished English translations in qml/i18n/feltnotat_en.ts:\n${open}")
endif()
