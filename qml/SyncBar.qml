import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// The sync state, always visible under the header: state, what is waiting, conflicts.
// Tapping it syncs now; the conflicts and refused-changes buttons open those pages. Its words wrap
// (never "136 endrin…"): with large text the bar grows rather than hide what is waiting.
Rectangle {
    id: bar
    signal conflictsRequested()
    signal deadLettersRequested()
    objectName: "syncBar"
    implicitHeight: row.implicitHeight + 8
    color: App.sync.attention ? Theme.attentionBand : Theme.band
    Accessible.role: Accessible.StatusBar
    Accessible.name: App.sync.stateText + ". " + App.sync.detailText

    // The buttons sit beside the text, or under it when beside them the text would be squeezed
    // to a few letters a line (large text on a small phone).
    GridLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: 4
        columnSpacing: 8
        rowSpacing: 0
        columns: bar.width - Theme.margin - 4 - buttons.implicitWidth - columnSpacing >= Theme.fontSubtitle * 8 ? 2 : 1

        RowLayout {
            Layout.fillWidth: true
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
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                Label {
                    objectName: "syncDetailText"
                    text: App.sync.detailText
                    font.pixelSize: Theme.fontSmall
                    color: App.sync.attention ? Theme.warning : Theme.muted
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
            }
        }
        RowLayout {
            id: buttons
            spacing: 0
            Layout.alignment: Qt.AlignRight
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
}
