import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// One employer: facts, workplaces, contacts to call or e-mail, and the history of visits.
Page {
    id: page
    objectName: "employerPage"
    property alias recordId: detail.recordId
    title: detail.title
    signal pushRequested(string file, var props)

    DetailController {
        id: detail
        entity: "employer"
    }

    Flickable {
        id: flick
        anchors.fill: parent
        contentHeight: column.implicitHeight + 88
        clip: true
        ScrollIndicator.vertical: ScrollIndicator { }

        ColumnLayout {
            id: column
            width: Math.min(flick.width, Theme.maxContentWidth)
            spacing: 0

            RowLayout {
                Layout.fillWidth: true
                Layout.margins: Theme.margin
                Label {
                    text: detail.subtitle
                    font.pixelSize: 15
                    color: Theme.muted
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                }
                Button {
                    objectName: "editButton"
                    text: qsTr("Rediger")
                    Accessible.name: qsTr("Rediger %1").arg(detail.title)
                    onClicked: page.pushRequested("RecordEditPage.qml", { entity: "employer", recordId: page.recordId })
                }
            }
            Repeater {
                model: detail.facts
                delegate: InfoRow { }
            }
            SectionHeading { text: qsTr("Kontaktpersoner") }
            Repeater {
                objectName: "contacts"
                model: detail.contacts
                delegate: ContactDelegate { }
            }
            EmptyState {
                visible: detail.contacts.count === 0
                message: qsTr("Ingen kontaktpersoner registrert.")
            }
            SectionHeading {
                visible: detail.workplaces.count > 0
                text: qsTr("Arbeidssteder")
            }
            Repeater {
                model: detail.workplaces
                delegate: TimelineDelegate { when: "" }
            }
            SectionHeading { text: qsTr("Besøk og samtaler") }
            Repeater {
                model: detail.timeline
                delegate: TimelineDelegate { }
            }
            EmptyState {
                visible: detail.timeline.count === 0
                message: qsTr("Ingen besøk registrert ennå.")
            }
        }
    }
}
