import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// "Konflikter": deletes that met the user's edits (and restores of what he deleted), then fields
// changed on two devices at once, to settle one by one.
Page {
    id: page
    objectName: "conflictsPage"
    title: qsTr("Konflikter")

    ConflictsController {
        id: conflicts
        app: App
    }

    ListView {
        id: list
        objectName: "conflictList"
        anchors.fill: parent
        anchors.topMargin: Theme.margin
        spacing: Theme.spacing
        clip: true
        model: conflicts.conflicts
        header: ColumnLayout {
            width: list.width
            spacing: Theme.spacing
            Label {
                visible: conflicts.error !== ""
                text: conflicts.error
                color: Theme.warning
                wrapMode: Text.WordWrap
                leftPadding: Theme.margin
                rightPadding: Theme.margin
                Layout.fillWidth: true
            }
            ListView {
                objectName: "deletionList"
                model: conflicts.deletions
                interactive: false
                spacing: Theme.spacing
                implicitHeight: contentHeight
                Layout.fillWidth: true
                Layout.bottomMargin: count > 0 ? Theme.spacing : 0
                delegate: DeletionConflictDelegate {
                    onRestore: conflicts.restoreDeleted(conflictId)
                    onAccept: conflicts.acceptDeleted(conflictId)
                }
            }
        }
        delegate: ConflictDelegate {
            onKeep: conflicts.keepCurrent(conflictId)
            onTakeOther: conflicts.takeOther(conflictId)
            onMerge: text => conflicts.useValue(conflictId, text)
        }
        EmptyState {
            anchors.centerIn: parent
            visible: list.count === 0 && conflicts.deletions.count === 0
            message: qsTr("Ingen konflikter. Når noen har endret det samme feltet som deg samtidig, eller slettet noe du redigerte, kan du velge her.")
        }
    }
}
