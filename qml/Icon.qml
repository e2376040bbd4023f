import QtQuick
import QtQuick.Controls
import Feltnotat

// A symbol from the Material Icons font (Debian: fonts-material-design-icons-iconfont), by name.
// Icons are decoration: the control that holds one carries the accessible name.
Label {
    id: icon
    property string name
    readonly property var codepoints: ({
        menu: "\ue5d2", back: "\ue5c4", sync: "\ue627", add: "\ue145", close: "\ue5cd", check: "\ue5ca",
        undo: "\ue166", remove: "\ue872", edit: "\ue3c9", event: "\ue878", phone: "\ue0cd",
        email: "\ue0be", place: "\ue55f", search: "\ue8b6", today: "\ue8df", person: "\ue7fd",
        group: "\ue7ef", business: "\ue0af", task: "\ue85d", settings: "\ue8b8", warning: "\ue002",
        calendar: "\ue935", time: "\ue8b5", logout: "\ue9ba", more: "\ue5d4", week: "\ue24b",
        conflict: "\ue252", refused: "\ue000", done: "\ue876", expand: "\ue5cf"
    })
    text: codepoints[name] || ""
    font.family: "Material Icons"
    font.pixelSize: Theme.iconSize
    horizontalAlignment: Text.AlignHCenter
    verticalAlignment: Text.AlignVCenter
    Accessible.ignored: true
}
