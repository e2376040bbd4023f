import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// One workplace of an employer: name, address and organisation number, and a button to edit it
// (under the name when the name would be squeezed: large text on a small phone).
GridLayout {
    id: workplace
    required property string recordId
    required property string title
    required property string subtitle
    signal editRequested(string recordId)
    Layout.fillWidth: true
    Layout.leftMargin: Theme.margin
    Layout.rightMargin: 4
    columnSpacing: 4
    rowSpacing: 0
    // From the width the page gives (not this item's own, which follows the columns).
    readonly property real available: parent ? parent.width - Layout.leftMargin - Layout.rightMargin : 0
    columns: available - edit.implicitWidth - columnSpacing >= Theme.fontSubtitle * 8 ? 2 : 1

    ColumnLayout {
        spacing: 0
        Layout.fillWidth: true
        Label {
            text: workplace.title
            font.pixelSize: Theme.fontSubtitle
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        Label {
            visible: text !== ""
            text: workplace.subtitle
            font.pixelSize: Theme.fontCaption
            color: Theme.muted
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
    }
    Button {
        id: edit
        objectName: "editWorkplace"
        flat: true
        text: qsTr("Endre")
        Accessible.name: qsTr("Endre arbeidssted %1").arg(workplace.title)
        onClicked: workplace.editRequested(workplace.recordId)
    }
}
