import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Feltnotat

// Edit a participant, employer, workplace, contact or employment (or add one when recordId is
// empty; `presets` link a new one to its employer or participant). Messages appear next to the
// field as soon as a value is wrong; saving is refused until all are fixed.
Page {
    id: page
    objectName: "recordEditPage"
    property alias entity: editor.entity
    property alias recordId: editor.recordId
    property alias presets: editor.presets
    // A change the server refused, edited again (RecordEditor.refusedChange).
    property double refusedChange: 0
    readonly property bool adding: recordId === ""
    // Unsaved edits: the window asks before leaving (Main.qml).
    readonly property bool dirty: editor.modified
    readonly property var titles: ({
        participant: [qsTr("Ny deltaker"), qsTr("Rediger deltaker")],
        employer: [qsTr("Ny arbeidsgiver"), qsTr("Rediger arbeidsgiver")],
        workplace: [qsTr("Nytt arbeidssted"), qsTr("Rediger arbeidssted")],
        contact: [qsTr("Ny kontaktperson"), qsTr("Rediger kontaktperson")],
        employment: [qsTr("Nytt arbeidsforhold"), qsTr("Rediger arbeidsforhold")],
        task: [qsTr("Ny oppgave"), qsTr("Rediger oppgave")],
        encounter: [qsTr("Nytt besøk"), qsTr("Rediger besøk")]
    })
    title: (titles[entity] || titles.participant)[adding ? 0 : 1]
    signal done()

    // The form and its unsaved edits, for the window to keep in memory while the app is locked
    // (Main.qml) and to open again with restoreHeld() after the PIN.
    function held(): var {
        return { page: "RecordEditPage.qml", edits: editor.heldEdits(),
                 props: { entity: entity, recordId: recordId, presets: presets, refusedChange: refusedChange } }
    }
    function restoreHeld(state: var) {
        editor.restoreEdits(state.edits)
    }

    RecordEditor {
        id: editor
        app: App
        refusedChange: page.refusedChange
        workplace: page.lookingUp ? register.workplace : ({})
        onSaved: page.done()
    }

    // A new employer can be looked up in the employer register: the form is filled in and the chosen
    // workplace is saved with it.
    readonly property bool lookingUp: entity === "employer" && adding
    RegisterLookup {
        id: register
        app: App
        onChosen: values => {
            for (const field in values) {
                if (values[field] !== "")
                    editor.setValue(field, values[field])
            }
        }
    }
    Timer {
        id: registerTimer
        interval: 400
        onTriggered: register.search(registerQuery.text)
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
            ColumnLayout {
                objectName: "registerLookup"
                visible: page.lookingUp
                Layout.fillWidth: true
                spacing: 0
                Label {
                    text: qsTr("Finn i Enhetsregisteret")
                    font.bold: true
                    font.pixelSize: Theme.fontBody
                    color: Theme.primary
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                TextField {
                    id: registerQuery
                    objectName: "registerQuery"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Navn eller organisasjonsnummer")
                    inputMethodHints: Qt.ImhNoPredictiveText
                    onTextEdited: registerTimer.restart()
                    onAccepted: register.search(text)
                }
                BusyIndicator {
                    running: register.busy
                    visible: running
                    Layout.alignment: Qt.AlignHCenter
                }
                Label {
                    objectName: "registerMessage"
                    visible: text !== ""
                    text: register.message
                    color: Theme.muted
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                Repeater {
                    model: register.results
                    delegate: ListRowDelegate {
                        required property int index
                        required property string orgNumber
                        required property string name
                        required property string detail
                        objectName: "registerResult"
                        Layout.fillWidth: true
                        title: name
                        subtitle: detail
                        trailing: orgNumber
                        onClicked: {
                            registerQuery.text = ""
                            register.choose(index)
                        }
                    }
                }
                Label {
                    visible: register.workplaces.count > 0
                    text: qsTr("Arbeidssted som lagres med arbeidsgiveren")
                    font.pixelSize: Theme.fontCaption
                    color: Theme.muted
                    topPadding: Theme.spacing
                }
                Repeater {
                    model: register.workplaces
                    delegate: RadioButton {
                        required property int index
                        required property string name
                        required property string detail
                        objectName: "registerWorkplace"
                        Layout.fillWidth: true
                        text: detail !== "" ? name + " · " + detail : name
                        checked: index === register.workplaceIndex
                        onClicked: register.workplaceIndex = index
                    }
                }
                RadioButton {
                    objectName: "registerNoWorkplace"
                    visible: register.workplaces.count > 0
                    text: qsTr("Ikke noe arbeidssted nå")
                    checked: register.workplaceIndex === -1
                    onClicked: register.workplaceIndex = -1
                }
            }
            PickerField {
                objectName: "employerPicker"
                visible: page.entity === "employment"
                entity: "employer"
                label: qsTr("Arbeidsgiver")
                newLabel: qsTr("Ny arbeidsgiver «%1»")
                selectedId: editor.employerLink.id
                selectedName: editor.employerLink.name
                onPicked: (recordId, name) => editor.setLink("employer_id", recordId, name)
            }
            Repeater {
                model: editor.fields
                delegate: EditFieldDelegate {
                    onEdited: (name, value) => editor.setValue(name, value)
                    onFieldLeft: name => editor.validate(name)
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
                    Material.elevation: 0 // the software renderer cannot draw the shadow layer
                    Accessible.name: qsTr("Lagre endringene")
                    onClicked: editor.save()
                }
            }
        }
    }
}
