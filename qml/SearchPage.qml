import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// "Søk": one field over everything on the phone, results grouped by kind.
Page {
    id: page
    objectName: "searchPage"
    title: qsTr("Søk")
    signal openRecord(string entity, string recordId)

    SearchController {
        id: search
        app: App
    }

    header: Pane {
        padding: 8
        leftPadding: Theme.margin
        rightPadding: Theme.margin
        TextField {
            id: field
            objectName: "searchField"
            width: parent.width
            placeholderText: qsTr("Navn, sted, notat …")
            Accessible.name: qsTr("Søk i alt")
            inputMethodHints: Qt.ImhNoPredictiveText
            focus: true
            onTextEdited: search.query = text
        }
    }

    ListView {
        id: list
        objectName: "searchResults"
        anchors.fill: parent
        clip: true
        model: search.results
        section.property: "section"
        section.delegate: SectionHeading {
            required property string section
            width: list.width
            text: section
        }
        delegate: ListRowDelegate {
            required property string entity
            required property string recordId
            required title
            required property string snippet
            objectName: "searchHit"
            subtitle: snippet
            onClicked: page.openRecord(entity, recordId)
        }
        EmptyState {
            anchors.centerIn: parent
            visible: list.count === 0
            message: field.text.trim() === "" ? qsTr("Søk etter deltakere, arbeidsgivere, kontaktpersoner, notater og oppgaver.")
                                               : qsTr("Fant ingenting som passer «%1».").arg(field.text.trim())
        }
    }
}
