import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// The line under a record page's title (stage and programme, place and relation) with the button
// that edits the record. When the line would be squeezed to a few letters a row (large text on a
// small phone), the button goes under it instead of past the screen's edge.
GridLayout {
    id: heading
    property alias text: subtitle.text
    property alias subtitleName: subtitle.objectName
    property string recordTitle
    signal editClicked()
    Layout.fillWidth: true
    Layout.margins: Theme.margin
    // From the width the page gives (not this item's own, which follows the columns).
    readonly property real available: parent ? parent.width - Layout.leftMargin - Layout.rightMargin : 0
    columns: available - edit.implicitWidth - columnSpacing >= Theme.fontSubtitle * 8 ? 2 : 1

    Label {
        id: subtitle
        font.pixelSize: Theme.fontSubtitle
        color: Theme.muted
        Layout.fillWidth: true
        wrapMode: Text.WordWrap
    }
    Button {
        id: edit
        objectName: "editButton"
        text: qsTr("Rediger")
        Accessible.name: qsTr("Rediger %1").arg(heading.recordTitle)
        onClicked: heading.editClicked()
    }
}
