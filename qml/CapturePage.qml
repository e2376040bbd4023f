import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Feltnotat

// "Nytt besøk / ny samtale": log an encounter in a few taps. Everything typed is kept as a draft
// until saved or discarded; saving works offline.
Page {
    id: page
    objectName: "capturePage"
    title: qsTr("Nytt besøk / ny samtale")
    signal done()
    // Preset when capture starts from a participant's or an employer's page.
    property string participantId
    property string participantName
    property string employerId
    property string employerName
    readonly property bool started: participantId !== "" || employerId !== ""
    // Something typed (kept as a draft in the encrypted store): the window opens this page again
    // after the app was locked and unlocked (Main.qml).
    readonly property bool hasDraft: capture.hasDraft
    Component.onCompleted: {
        if (participantId !== "") {
            capture.setField("participantId", participantId)
            capture.setField("participantName", participantName)
        }
        if (employerId !== "") {
            capture.setField("employerId", employerId)
            capture.setField("employerName", employerName)
        }
    }

    CaptureController {
        id: capture
        app: App
        onSaved: {
            if (page.started)
                page.done() // started from a participant's or employer's page: back there
            else
                savedNote.open()
        }
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
            PickerField {
                objectName: "captureParticipant"
                entity: "participant"
                label: qsTr("Deltaker")
                newLabel: qsTr("Ny deltaker «%1»")
                selectedId: capture.form.participantId
                selectedName: capture.form.participantName
                error: capture.problems.participantId
                onPicked: (recordId, name) => {
                    capture.setField("participantId", recordId)
                    capture.setField("participantName", name)
                }
            }
            PickerField {
                objectName: "captureEmployer"
                entity: "employer"
                label: qsTr("Arbeidsgiver")
                newLabel: qsTr("Ny arbeidsgiver «%1»")
                selectedId: capture.form.employerId
                selectedName: capture.form.employerName
                error: capture.problems.employerId
                onPicked: (recordId, name) => {
                    capture.setField("employerId", recordId)
                    capture.setField("employerName", name)
                }
            }
            ChoiceField {
                objectName: "captureKind"
                label: qsTr("Type")
                choices: capture.kinds
                value: capture.form.kind
                onChosen: value => capture.setField("kind", value)
            }
            ChoiceField {
                objectName: "captureChannel"
                label: qsTr("Hvor")
                choices: capture.channels
                value: capture.form.channel
                onChosen: value => capture.setField("channel", value)
            }
            DateShortcuts {
                objectName: "captureDateShortcuts"
                onPicked: date => capture.setField("date", date)
            }
            GridLayout {
                id: whenRow
                // Date, time and minutes side by side; one under the other when large text would not fit.
                readonly property bool stacked: columns === 1
                columns: width >= 320 * Theme.textScale ? 3 : 1
                columnSpacing: Theme.spacing
                rowSpacing: Theme.spacing
                Layout.fillWidth: true
                FormField {
                    objectName: "captureDate"
                    label: qsTr("Dato (dd.mm.åååå)")
                    text: capture.form.date
                    error: capture.problems.date
                    inputHints: Qt.ImhDate
                    onEdited: text => capture.setField("date", text)
                }
                FormField {
                    objectName: "captureTime"
                    label: qsTr("Kl. (tt:mm)")
                    text: capture.form.time
                    error: capture.problems.time
                    inputHints: Qt.ImhTime
                    Layout.preferredWidth: Math.round(96 * Theme.textScale)
                    Layout.fillWidth: whenRow.stacked
                    onEdited: text => capture.setField("time", text)
                }
                FormField {
                    objectName: "captureDuration"
                    label: qsTr("Minutter")
                    text: capture.form.duration
                    error: capture.problems.duration
                    inputHints: Qt.ImhDigitsOnly
                    Layout.preferredWidth: Math.round(88 * Theme.textScale)
                    Layout.fillWidth: whenRow.stacked
                    onEdited: text => capture.setField("duration", text)
                }
            }
            NoteField {
                objectName: "captureNote"
                label: qsTr("Notat")
                text: capture.form.note
                error: capture.problems.note
                onEdited: text => capture.setField("note", text)
            }
            FormField {
                objectName: "captureOutcome"
                label: qsTr("Resultat")
                text: capture.form.outcome
                error: capture.problems.outcome
                onEdited: text => capture.setField("outcome", text)
            }
            FormField {
                objectName: "captureNextStep"
                label: qsTr("Neste steg (blir en oppgave)")
                text: capture.form.nextStep
                error: capture.problems.nextStep
                onEdited: text => capture.setField("nextStep", text)
            }
            DateShortcuts {
                objectName: "captureDueShortcuts"
                visible: capture.form.nextStep !== ""
                onPicked: date => capture.setField("nextStepDue", date)
            }
            FormField {
                objectName: "captureNextStepDue"
                label: qsTr("Frist for neste steg (dd.mm.åååå)")
                text: capture.form.nextStepDue
                error: capture.problems.nextStepDue
                inputHints: Qt.ImhDate
                onEdited: text => capture.setField("nextStepDue", text)
            }
            ChoiceField {
                objectName: "captureAssignee"
                visible: capture.form.nextStep !== "" && capture.assignees.length > 1
                label: qsTr("Hvem skal gjøre det")
                choices: capture.assignees
                value: capture.form.nextStepAssignee !== "" ? capture.form.nextStepAssignee
                                                             : (capture.assignees.length > 0 ? capture.assignees[0].value : "")
                onChosen: value => capture.setField("nextStepAssignee", value)
            }
            Label {
                visible: text !== ""
                text: capture.problems.nextStepAssignee
                color: Theme.warning
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            FormField {
                objectName: "captureLocation"
                label: qsTr("Sted (valgfritt)")
                text: capture.form.location
                error: capture.problems.location
                onEdited: text => capture.setField("location", text)
            }
            Label {
                visible: text !== ""
                text: capture.problems.form
                color: Theme.warning
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            RowLayout {
                Layout.bottomMargin: Theme.margin
                Button {
                    objectName: "captureDiscard"
                    text: qsTr("Forkast")
                    flat: true
                    enabled: capture.hasDraft
                    Accessible.name: qsTr("Forkast utkastet")
                    onClicked: discardDialog.open()
                }
                Item { Layout.fillWidth: true }
                Button {
                    objectName: "captureSave"
                    text: qsTr("Lagre")
                    highlighted: true
                    Material.elevation: 0 // the software renderer cannot draw the shadow layer
                    Accessible.name: qsTr("Lagre besøket")
                    onClicked: capture.save()
                }
            }
        }
    }

    ConfirmDialog {
        id: discardDialog
        objectName: "discardDialog"
        title: qsTr("Forkaste utkastet?")
        message: qsTr("Det du har skrevet i dette besøket, slettes.")
        cancelText: qsTr("Fortsett å skrive")
        confirmText: qsTr("Forkast")
        onConfirmed: capture.discard()
    }

    ToolTip {
        id: savedNote
        objectName: "capturedNote"
        text: App.sync.state === SyncStatus.UpToDate || App.sync.state === SyncStatus.Syncing
              ? qsTr("Lagret.") : qsTr("Lagret på telefonen. Sendes når du har nett.")
        timeout: 2500
        x: (page.width - width) / 2
        y: page.height - height - Theme.margin
    }
}
