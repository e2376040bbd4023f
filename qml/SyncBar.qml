import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// The sync state, always visible under the header: state, what is waiting, conflicts.
// Tapping it syncs now; the conflicts and refused-changes buttons open those pages.
Rectangle {
    id: bar
    signal conflictsRequested()
    signal deadLettersRequested()
    objectName: "syncBar"
    implicitHeight: row.implicitHeight + 8
    color: App.sync.attention ? Theme.attentionBand : Theme.band
    Accessible.role: Accessible.StatusBar
    Accessible.name: App.sync.stateText + ". " + App.sync.detailText

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: 4
        spacing: 8

        BusyIndicator {
            running: App.sync.busy
            visible: running
            Layout.preferredWidth: 24
            Layout.preferredHeight: 24
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0
            Label {
                objectName: "syncStateText"
                text: App.demo ? qsTr("Demo uten server") : App.sync.stateText
                font.pixelSize: Theme.fontCaption
                font.bold: true
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                objectName: "syncDetailText"
                text: App.sync.detailText
                font.pixelSize: Theme.fontSmall
                color: App.sync.attention ? Theme.warning : Theme.muted
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
        }
        ToolButton {
            visible: App.sync.conflictCount > 0
            objectName: "syncConflictsButton"
            text: qsTr("Løs")
            Accessible.name: qsTr("Se konflikter")
            onClicked: bar.conflictsRequested()
        }
        ToolButton {
            visible: App.sync.deadLetterCount > 0
            objectName: "syncDeadLettersButton"
            text: qsTr("Avvist (%1)").arg(App.sync.deadLetterCount)
            Accessible.name: qsTr("Se endringer serveren avviste")
            onClicked: bar.deadLettersRequested()
        }
        ToolButton {
            objectName: "syncNowButton"
            contentItem: Icon { name: "sync"; color: parent.enabled ? Theme.primary : Theme.muted }
            enabled: App.signedIn && !App.demo && !App.sync.busy
            Accessible.name: qsTr("Synkroniser nå")
            onClicked: App.sync.syncNow()
        }
    }
}
