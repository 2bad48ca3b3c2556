<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Annotator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotator %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The licence text was not shipped with this copy; see the home page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the licence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free software under the %1 licence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For bug reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy these versions to paste into a bug report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide the licence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Adjudicating</name>
    <message>
        <source>Adjudication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project is open read-only: the gold cannot be edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a document to adjudicate first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adjudicating: Alt+1…Alt+9 take a version, Alt+0 nothing; %1 ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No document is open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No annotator has a layer in this document: edit the gold by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 disagreements, %2 undecided; %3 agreed places, %4 not in the gold yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 accepts them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only %1 has a layer here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adjudicated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not adjudicated yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disagreement %1 of %2: Alt+1…Alt+%3 take a version, Alt+0 nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No disagreements in this document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No place is chosen (Alt+Down goes to the next disagreement)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no annotator %1 here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gold already has nothing here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gold already holds %1&apos;s version here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Took nothing here; %1 undecided left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Took %1&apos;s version; %2 undecided left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing agreed is missing from the gold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted %1 agreed annotations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No annotator has a layer in this document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy a layer to the gold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gold of this document becomes a copy of the layer of:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The gold is a copy of %1&apos;s layer now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marked adjudicated: the gold of this document is final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No longer marked adjudicated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adjudication &amp;keys</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AdjudicationPanel</name>
    <message>
        <source>Place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alt+%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gold now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relation %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(undecided)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgreementDialog</name>
    <message>
        <source>Span F1 exact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Span F1 overlap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cohen&apos;s κ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Krippendorff&apos;s α</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trigger F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Argument F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relation F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agreement – %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lowest agreement first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per l&amp;abel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Span F1: exact or overlapping match; κ: Cohen&apos;s, token level; α: Krippendorff&apos;s (nominal). For all annotators the F1 figures and κ are the mean of the pairs&apos;. Enter opens a document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;djudicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the document and adjudicate it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measuring agreement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not measure the agreement: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No document has two annotators yet: agreement is measured on the documents at least two people annotated (import another&apos;s work with File &gt; Import, or merge their project).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 annotators (%2) over %3 shared documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(install it: pip install &apos;annotator[agreement]&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All annotators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotations with this label, in every layer compared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AnnotationDetails</name>
    <message>
        <source>Select an annotation (Tab) to see its attributes, links and notes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No attributes, links or notes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AnnotationPanel</name>
    <message>
        <source>note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attributes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relations (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warnings (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>Open it read-only? You can read, search and export, not annotate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Read-Only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No backup was made when opening the project: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An unexpected error occurred. Your annotations are saved; the details are below.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArticleView</name>
    <message>
        <source>chain %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested %1 (%2, %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Attachments</name>
    <message>
        <source>Select a span or event first (Tab selects the next span)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no attributes: declare attributes in Edit &gt; Edit labels, roles and relation types… (Attributes tab)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Values: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attribute of %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 off for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none: remove %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attribute value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 removed from %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 set for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: attribute · %2: link · %3: note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttributesTab</name>
    <message>
        <source>Attribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No attributes yet. Insert (or Add attribute) declares one, e.g. Negation (yes/no) or Certainty with the values Low, Likely, Certain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: a yes/no attribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The values, separated by commas: Low, Likely, Certain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Values:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Entities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;vents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Relations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applies to all:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>and these la&amp;bels:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a&amp;ttribute…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De&amp;lete attribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all entities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all relations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every annotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes/no</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n annotation(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Applies to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add attribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new attribute (Negation, Certainty…):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already an attribute %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n annotation(s) carry the attribute %1; remove it from them too?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>A name cannot be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A value is listed twice.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Not saved: someone else changed this document (%1); shown as it is now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>document %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no label %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select some text first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No span is selected (Tab selects the next one)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Core</name>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events and relations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the selected text as another fragment of the selected span (discontinuous span)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the fragment at the cursor from its discontinuous span</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attributes, notes and references</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set an attribute of the selected annotation (pick the attribute, then the value)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write or edit the note on the selected annotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link the selected span to an entry in a resource (resource, id, text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coreference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link the selected span to another in a coreference chain (Tab to a span, Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the selected span out of its coreference chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept the suggestion at the cursor (or the one Tab selected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject the suggestion at the cursor; it is not proposed again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept every suggestion in the document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide suggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train the suggestion model now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adjudication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply label 1 (relabel the selected span)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply label 2 (relabel the selected span)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply label 3 (relabel the selected span)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply label 4 (relabel the selected span)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply label 5 (relabel the selected span)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply label 6 (relabel the selected span)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply label 7 (relabel the selected span)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply label 8 (relabel the selected span)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply label 9 (relabel the selected span)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the next span</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the previous span</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected span</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an argument to the selected event (pick a role, then Tab to a span, Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add another event on the selected trigger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a relation from the selected span (pick a type, then Tab to a span, Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snap selections to tokens / exact characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find in the article</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the whole project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark done and open the next todo document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark skipped and open the next todo document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload: show what others changed (a shared server project)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit labels, roles and relation types…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Larger text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smaller text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Focus the article</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Focus the annotations panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Focus the document list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the compared annotator&apos;s layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agreement between annotators…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adjudicate this document (edit its gold layer), or back to your own layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take annotator 1&apos;s version at this place (adjudicating)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take annotator 2&apos;s version at this place (adjudicating)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take annotator 3&apos;s version at this place (adjudicating)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take annotator 4&apos;s version at this place (adjudicating)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take annotator 5&apos;s version at this place (adjudicating)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take annotator 6&apos;s version at this place (adjudicating)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take annotator 7&apos;s version at this place (adjudicating)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take annotator 8&apos;s version at this place (adjudicating)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take annotator 9&apos;s version at this place (adjudicating)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take nothing at this place (adjudicating)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next disagreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous disagreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept every place the annotators agree on into the gold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy an annotator&apos;s whole layer to the gold…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark the document adjudicated (or not any more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>todo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turns news articles into training data for named-entity recognition and events.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Coreference</name>
    <message>
        <source>Chain %1: 1 mention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chain %1: %2 mentions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a span first (Tab to it or click it), then Ctrl+Shift+C and Tab to the span it refers to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a span of a chain first (Tab to it), then Ctrl+Shift+U</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is in no coreference chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Took %1 out of chain %2: the chain is gone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Took %1 out of chain %2 (%3 mentions left)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Damaged</name>
    <message>
        <source>the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project %1 could not be used just now (%2). Nothing was changed; try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project file %1 is damaged: %2 could not be read (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project file %1 is damaged or unreadable (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was written to it. Run `annotator check %1` to list its problems, then `annotator restore %1` to bring back its newest backup.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>File &gt; Import</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentListModel</name>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the document list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2 · %3 characters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentNavigation</name>
    <message>
        <source>Every document is done or skipped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventsAndRelations</name>
    <message>
        <source>Select an event&apos;s trigger first (Tab to it, or label a word with an event type)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the relation&apos;s head span first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a trigger first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include documents with schema warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave out documents with schema warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only documents with schema warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema warnings:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gold (adjudicated, or the only annotator&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every annotator&apos;s layer (one copy each)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents several people annotated and nobody adjudicated are left out of the gold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Annotations:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split into</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train/dev/test percentages, or train/test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag event triggers too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entities only by default; triggers are for event-detection training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spaCy if installed, else rule-based</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spaCy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule-based</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To&amp;kenizer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code points (Python)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UTF-16 units (doccano&apos;s web UI)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Offsets:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>discontinuous spans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>normalizations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coreference chains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entity spans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holds %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 are left out and counted in the summary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> and </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holds everything: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holds %1 (where the format has a place for them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discontinuous spans are written as one span from the first piece to the last, and counted in the summary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This project has %1 that %2 cannot hold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n relation(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n discontinuous span(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attribute(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n normalization(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n coreference chain(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Export into a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one document status.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to save the export.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text in this article (Enter: next, Shift+Enter: previous, Esc: close)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close (Escape)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Finding</name>
    <message>
        <source>not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexing texts for search…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Fragments</name>
    <message>
        <source>Select a span first (Tab to it or click it), then select the text to add and press Ctrl+Shift+G</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the text to add to %1 (Shift+arrows or the mouse), then press Ctrl+Shift+G</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select some text first (not only spaces)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already covers that text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is one piece again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 now has %2 pieces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a discontinuous span first (Tab to it), then Ctrl+Shift+Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is in one piece: Delete removes the whole span</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The caret is not in a piece of %1: move it into the piece to remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed piece %1: %2 is one piece again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed piece %1: %2 has %3 pieces</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GroupPage</name>
    <message>
        <source>Entity labels mark names and other mentions. Insert adds one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An event type is the label of an event&apos;s trigger; its roles say which labels may fill its arguments, and how often. Insert adds one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A relation type links a head span to a tail span. Insert adds one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GuideView</name>
    <message>
        <source># Not found

%1 is missing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpBrowser</name>
    <message>
        <source>Annotator User Guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back (Alt+Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward (Alt+Right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All the pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the guide (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Annotator User Guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing found for “%1”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LabelBars</name>
    <message>
        <source>%1: %2 %3 (%4 of all %3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LabelPage</name>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Colour…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Heads (empty: any label):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tails (empty: any label):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles are listed under the event type in the tree.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n annotation(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LabelPalette</name>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relations</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LayeredDocumentList</name>
    <message>
        <source>Adjudicated: its gold layer is final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adjudicated</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Layers</name>
    <message>
        <source>Gold (adjudicating)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The layer you see and edit; Team &gt; Compare with shows another&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not comparing with anybody</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comparing with %1&apos;s layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No other annotator has a layer in this project yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s layer hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare your layer with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: nothing here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What %1 has at the caret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Compare with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no other annotator has a layer yet)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LineChart</name>
    <message>
        <source>%1, %2: %3 finished that day, %4 in all</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>All documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Least certain first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adjudicated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order of the list and of Done and next: least certain first puts the documents the suggestion model is least sure of first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened read-only: you can read, search and export; edits are not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A shared project on %1: others&apos; edits show within seconds (F5 now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done %1 of %2 (%3%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snap: tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snap: exact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Span %1 %2 %3–%4, %5 pieces (%6 chars)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Span %1 %2 %3–%4 (%5 chars)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggestion %1 %2–%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caret %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selection %1–%2 (%3 chars)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> [read-only]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1%2 — %3 — Annotator (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NormalizationDialog</name>
    <message>
        <source>Links to knowledge bases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Links of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Links:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wikipedia, GO, UMLS…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the entry&apos;s id, e.g. 534366</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the entry&apos;s name (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resource:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;ame:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter saves · Delete removes the chosen link · Esc closes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;move link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New link…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A link needs a resource and an id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The resource and the id are single words (no &apos;:&apos; in the resource).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Enter saves · Esc cancels · an empty note is removed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PickBar</name>
    <message>
        <source>number or arrows + Enter · Esc cancels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tab / Shift+Tab: other spans · Enter: choose · click works too · Esc</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Picker</name>
    <message>
        <source>Argument role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 declares no roles. Role name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role for %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schema has no relation types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relation from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New role for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no other span to choose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[in chain %1]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[not an allowed type]</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>Your preferences apply now but could not be saved:
%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProjectFiles</name>
    <message>
        <source>New project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotator projects (*.annot)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels for the new project:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From a file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schemas (*.toml *.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: already exists; choose another name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotator projects (*.annot);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not a PostgreSQL URL (postgresql://user@host/database)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents (*.jsonl *.ndjson *.txt *.ann *.json *.conll *.bio *.iob *.tsv *.html *.htm);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a folder (.txt, brat .txt + .ann, or .html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import As</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is open read-only; nothing can be imported into it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing to import: no documents in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import cancelled; nothing was imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not imported (the project cannot hold them):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported. %1 record(s) are valid and %2 are not: import the %1 and skip the %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import %1, Skip %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProjectSearchDialog</name>
    <message>
        <source>Search the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Words to find in every article (case and accents ignored)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n document(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QuickPick</name>
    <message>
        <source>Type to filter · ↑↓ · Enter picks · Esc cancels</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RemoteChanges</name>
    <message>
        <source>Reloaded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RolePage</name>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1: exactly one, ?: at most one, +: one or more, *: any number, {N} or {N-M}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cardinality:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fillers (empty: any label):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use 1, ?, +, *, {N} or {N-M}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SchemaEditorDialog</name>
    <message>
        <source>Edit schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;entity label…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add e&amp;vent type…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;relation type…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add r&amp;ole…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label&amp;s and roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key conflicts: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new entity label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new event type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new relation type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already a label %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A name cannot be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already has a role %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n argument(s) fill the role %1 of %2; delete them too?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n annotation(s) use %1; delete them too?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>These now accept any label, as %1 was the only one allowed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new role of %1:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SchemaTree</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entity labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relation types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerProjectDialog</name>
    <message>
        <source>New Server Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new shared project&apos;s PostgreSQL URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Server Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shared project&apos;s PostgreSQL URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>postgresql://user@host:5432/project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One database per project, e.g. postgresql://alice@db.example.org/news. Leave the password out: it is also read from ~/.pgpass or the PGPASSWORD environment variable, and the recent list never keeps it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database must be empty, or not exist yet if your role may create databases; the team&apos;s roles and grants are in docs/server.md.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ppearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;nnotating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded with your work; empty means your login name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Default font</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Article &amp;font:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> pt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text &amp;size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When you select text to label it:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snap to whole &amp;tokens (words)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the exact &amp;characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+T switches while you work (the choice is kept).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by action or key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (article)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the action&apos;s keys with this key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add this key to the action&apos;s keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave the action without a key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the action&apos;s default keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset A&amp;ll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (no automatic backups)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep per project:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default (in Annotator&apos;s data folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press a key in the box first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be used: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts (both keep the key; fix them or one will not work):
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No conflicts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> and </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a full path, such as %1, or leave it empty.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpanEditing</name>
    <message>
        <source>No label has the number %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StackedBar</name>
    <message>
        <source>%1: %2 of %3 documents (%4)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatisticsDialog</name>
    <message>
        <source>Statistics – %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents by status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents finished over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotations per label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What annotations carry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Chart as &amp;PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not count: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No documents yet — import some with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 documents finished (done or skipped)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>documents a day (none finished here yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>documents a day (mean of the last %1 active days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing left to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>estimated finish (needs a rate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>estimated finish: about %n working day(s) at this rate</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>finished today, %1 of them by you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing finished yet — Ctrl+Enter marks a document done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported already done or skipped (or finished before Annotator kept a history): counted on the day the document was added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(imported)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entities (spans)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event types (events)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attribute(s) on annotations</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>normalization(s) to %n resource(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>note(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coreference chain(s), mean %1 spans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>discontinuous span(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attribute %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes/no attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>annotations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalizations per resource</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (not in the schema)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Chart as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the chart to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Statistics as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Suggesting</name>
    <message>
        <source>Propagation in the document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Propagation across the corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patterns and word lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trained model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spaCy pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggestions could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggestions failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggestion: %1 &apos;%2&apos; (%3, %4): %5 accepts, %6 rejects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggestions are hidden (%1 shows them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No suggestion at the cursor (Tab walks to the next one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No suggestions in this document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted %1 &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected %1 &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted %1 suggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected suggestions in this document may be proposed again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggestions shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggestions hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggestion settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget rejected suggestions in this document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A project in memory cannot be trained: save it first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The suggestion model is training; it trains again after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to learn from yet: annotate a document and mark it done (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training the suggestion model in the background…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggestion model trained on %1 documents in %2 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SuggestionSettingsDialog</name>
    <message>
        <source>Suggestion settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Propagation in the document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Propagation across the corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trained model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrain as documents are marked done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spaCy-style patterns (.jsonl), or word lists for one label (LABEL=path)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patterns and word lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an installed spaCy pipeline: a name or a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spaCy pipeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one a line: THEIRS=OURS, e.g. PERSON=PER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pipeline labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggestions scored below this are not shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What keeps sources from suggesting:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add patterns or word lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patterns and word lists (*.jsonl *.txt *.lst);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Word list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label for the words in %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spaCy pipeline folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not THEIRS=OURS: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>Undo %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Server Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Server Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Annotate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply &amp;Label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;ind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;uggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Annotator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortcut conflicts: </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>tasks</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
