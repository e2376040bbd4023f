import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

// A flat text button ("Registrer arbeidsforhold") whose words wrap onto a second line rather than
// run past a narrow screen with large text. Place it in a ColumnLayout; it is never wider than that.
Button {
    id: control
    flat: true
    Layout.maximumWidth: parent ? parent.width - Layout.leftMargin - Layout.rightMargin : Infinity
    contentItem: Label {
        text: control.text
        font: control.font
        color: control.enabled ? control.Material.foreground : control.Material.hintTextColor
        wrapMode: Text.WordWrap
        horizontalAlignment: Text.AlignLeft
        verticalAlignment: Text.AlignVCenter
    }
}
