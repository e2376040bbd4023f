import QtQuick
import QtQuick.Controls
import Feltnotat

// A short centred message for an empty list.
Label {
    property string message
    text: message
    wrapMode: Text.WordWrap
    horizontalAlignment: Text.AlignHCenter
    color: Theme.muted
    padding: 32
    width: parent ? parent.width : implicitWidth
}
