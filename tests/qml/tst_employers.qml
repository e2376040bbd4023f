import QtQuick
import QtTest
import Feltnotat
import "TypeHelper.js" as Type

// Arbeidsgivere: the list, an employer's page with its contacts, adding an employer with a wrong
// organisation number (message next to the field), adding a contact with a wrong e-mail, and editing
// an existing contact's phone number and a workplace from the employer's page.
Item {
    id: root
    width: 360
    height: 2000

    TestCase {
        id: test
        name: "Employers"
        when: windowShown

        Component {
            id: listComponent
            EmployerListPage { width: 360; height: 640 }
        }
        Component {
            id: detailComponent
            EmployerPage { width: 360; height: 2000; recordId: App.firstRecordId("employer") }
        }
        Component {
            id: addComponent
            RecordEditPage { width: 360; height: 2000; entity: "employer"; recordId: "" }
        }
        Component {
            id: contactComponent
            RecordEditPage {
                width: 360; height: 2000; entity: "contact"; recordId: ""
                presets: ({ employer_id: App.firstRecordId("employer") })
            }
        }
        Component {
            id: editComponent
            RecordEditPage { width: 360; height: 2000 }
        }
        Component {
            id: spyComponent
            SignalSpy { }
        }

        function typeIn(page, name, text) {
            var input = findChild(page, "edit-" + name + "-input")
            verify(input, name)
            input.forceActiveFocus()
            Type.typeInto(test, text)
            keyClick(Qt.Key_Tab) // on to the next field: that is when it is checked
        }

        function test_listShowsEmployers() {
            var page = createTemporaryObject(listComponent, root)
            var list = findChild(page, "recordList")
            tryVerify(() => list.count > 0)
        }

        function test_detailHasContactsAndAddButtons() {
            var page = createTemporaryObject(detailComponent, root)
            verify(page.title !== "")
            verify(findChild(page, "contacts").count > 0)
            var spy = createTemporaryObject(spyComponent, root, { target: page, signalName: "pushRequested" })
            mouseClick(findChild(page, "addWorkplace"))
            compare(spy.count, 1)
            compare(spy.signalArguments[0][1].entity, "workplace")
            compare(spy.signalArguments[0][1].presets.employer_id, App.firstRecordId("employer"))
        }

        function test_addWithInvalidOrgNumberShowsMessage() {
            var page = createTemporaryObject(addComponent, root)
            var saved = createTemporaryObject(spyComponent, root, { target: page, signalName: "done" })
            typeIn(page, "name", "Testbedrift Kvist AS")
            typeIn(page, "org_number", "123456789")
            var error = findChild(page, "edit-org_number-error")
            tryVerify(() => error.visible)
            verify(error.text.length > 0)
            mouseClick(findChild(page, "saveButton"))
            tryVerify(() => findChild(page, "formError").visible)
            compare(saved.count, 0)
        }

        // Taps "Endre" on the first row of a repeater and returns the page the employer page asked for.
        function editFirst(page, repeaterName, buttonName) {
            var rows = findChild(page, repeaterName)
            verify(rows.count > 0, repeaterName)
            waitForRendering(page) // the rows are laid out before a tap can reach the right one
            var spy = createTemporaryObject(spyComponent, root, { target: page, signalName: "pushRequested" })
            mouseClick(findChild(rows.itemAt(0), buttonName))
            compare(spy.count, 1)
            compare(spy.signalArguments[0][0], "RecordEditPage.qml")
            return spy.signalArguments[0][1]
        }

        function test_editExistingContactPhone() {
            var detail = createTemporaryObject(detailComponent, root)
            var request = editFirst(detail, "contacts", "editContact")
            compare(request.entity, "contact")
            verify(request.recordId !== "")
            var page = createTemporaryObject(editComponent, root, request)
            verify(!page.adding)
            verify(findChild(page, "edit-name-input").text !== "") // the stored values are loaded
            var saved = createTemporaryObject(spyComponent, root, { target: page, signalName: "done" })
            var phone = findChild(page, "edit-phone-input")
            phone.forceActiveFocus()
            phone.selectAll()
            Type.typeInto(test, "12")
            keyClick(Qt.Key_Tab)
            var error = findChild(page, "edit-phone-error")
            tryVerify(() => error.visible)
            mouseClick(findChild(page, "saveButton"))
            compare(saved.count, 0)
            phone.forceActiveFocus() // the tap on save took the focus
            phone.selectAll()
            Type.typeInto(test, "41234567")
            tryVerify(() => !error.visible)
            mouseClick(findChild(page, "saveButton"))
            tryCompare(saved, "count", 1)
            // The employer's page shows the new number for that person.
            var again = createTemporaryObject(detailComponent, root)
            var rows = findChild(again, "contacts")
            var found = false
            for (var i = 0; i < rows.count; ++i)
                found = found || (rows.itemAt(i).recordId === request.recordId && rows.itemAt(i).phone === "+4741234567")
            verify(found)
        }

        function test_editWorkplaceOpensItsEditor() {
            var detail = createTemporaryObject(detailComponent, root)
            var request = editFirst(detail, "workplaces", "editWorkplace")
            compare(request.entity, "workplace")
            var page = createTemporaryObject(editComponent, root, request)
            compare(findChild(page, "edit-name-input").text, findChild(detail, "workplaces").itemAt(0).title)
        }

        function test_addContactValidatesEmail() {
            var page = createTemporaryObject(contactComponent, root)
            var saved = createTemporaryObject(spyComponent, root, { target: page, signalName: "done" })
            typeIn(page, "name", "Testkontakt Per")
            typeIn(page, "email", "per@")
            var error = findChild(page, "edit-email-error")
            tryVerify(() => error.visible)
            mouseClick(findChild(page, "saveButton"))
            compare(saved.count, 0)
            var input = findChild(page, "edit-email-input")
            input.forceActiveFocus()
            Type.typeInto(test, "example.org")
            tryVerify(() => !error.visible)
            mouseClick(findChild(page, "saveButton"))
            tryCompare(saved, "count", 1)
        }
    }
}
