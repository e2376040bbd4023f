import QtQuick
import QtTest
import Feltnotat
import "TypeHelper.js" as Type

// Arbeidsgivere: the list, an employer's page with its contacts, adding an employer with a wrong
// organisation number (message next to the field), and adding a contact with a wrong e-mail.
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
            id: spyComponent
            SignalSpy { }
        }

        function typeIn(page, name, text) {
            var input = findChild(page, "edit-" + name + "-input")
            verify(input, name)
            input.forceActiveFocus()
            Type.typeInto(test, text)
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
