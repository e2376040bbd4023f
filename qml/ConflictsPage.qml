import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// "Konflikter": fields changed on two devices at once, to settle one by one.
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
        header: Label {
            width: list.width
            visible: conflicts.error !== ""
            height: visible ? implicitHeight : 0
            text: conflicts.error
            color: Theme.warning
            wrapMode: Text.WordWrap
            leftPadding: Theme.margin
            rightPadding: Theme.margin
        }
        delegate: ConflictDelegate {
            onKeep: conflicts.keepCurrent(conflictId)
            onTakeOther: conflicts.takeOther(conflictId)
            onMerge: text => conflicts.useValue(conflictId, text)
        }
        EmptyState {
            anchors.centerIn: parent
            visible: list.count === 0
            message: qsTr("Ingen konflikter. Når noen har endret det samme feltet som deg samtidig, kan du velge verdi her.")
        }
    }
}
