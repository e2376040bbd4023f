import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Feltnotat

// Edit a participant or employer (or add one when recordId is empty). Messages appear next to
// the field as soon as a value is wrong; saving is refused until all are fixed.
Page {
    id: page
    objectName: "recordEditPage"
    property alias entity: editor.entity
    property alias recordId: editor.recordId
    readonly property bool adding: recordId === ""
    title: entity === "employer" ? (adding ? qsTr("Ny arbeidsgiver") : qsTr("Rediger arbeidsgiver"))
                                 : (adding ? qsTr("Ny deltaker") : qsTr("Rediger deltaker"))
    signal done()

    RecordEditor {
        id: editor
        onSaved: page.done()
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: Math.min(scroll.availableWidth, Theme.maxContentWidth) - 2 * Theme.margin
            x: Theme.margin
            spacing: Theme.spacing

            Item { implicitHeight: 4 }
            Repeater {
                model: editor.fields
                delegate: EditFieldDelegate {
                    onEdited: (name, value) => editor.setValue(name, value)
                }
            }
            Label {
                objectName: "formError"
                visible: text !== ""
                text: editor.formError
                color: Theme.warning
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            RowLayout {
                Layout.bottomMargin: Theme.margin
                Item { Layout.fillWidth: true }
                Button {
                    objectName: "saveButton"
                    text: qsTr("Lagre")
                    highlighted: true
                    Accessible.name: qsTr("Lagre endringene")
                    onClicked: editor.save()
                }
            }
        }
    }
}
