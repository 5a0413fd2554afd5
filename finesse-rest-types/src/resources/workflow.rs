//! `Workflow`/`Workflows`.

use serde::{Deserialize, Serialize};

use crate::xml::{resource, wrapped_list};

wrapped_list!(trigger_list, "trigger", WorkflowRule);
wrapped_list!(condition_list, "condition", WorkflowRule);
wrapped_list!(workflow_action_list, "WorkflowAction", WorkflowActionRef);

/// A workflow: a trigger, conditions (≤ 5) and actions (≤ 5).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Workflow {
    /// URI (`/finesse/api/Workflow/{id}`).
    #[serde(rename = "uri", default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Name (≤ 40, unique).
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description (≤ 128).
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// Media (`voice`).
    #[serde(rename = "media", default, skip_serializing_if = "Option::is_none")]
    pub media: Option<String>,
    /// What starts the workflow.
    #[serde(
        rename = "TriggerSet",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub trigger_set: Option<TriggerSet>,
    /// Conditions that must hold.
    #[serde(
        rename = "ConditionSet",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub condition_set: Option<ConditionSet>,
    /// Actions to run (only `uri` is needed on create/update).
    #[serde(
        rename = "workflowActions",
        default,
        with = "workflow_action_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub workflow_actions: Option<Vec<WorkflowActionRef>>,
}
resource!(Workflow, "Workflow", "workflow");

/// `Workflow/TriggerSet`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TriggerSet {
    /// Trigger type (`EVENT`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub trigger_type: Option<String>,
    /// The triggers.
    #[serde(
        rename = "triggers",
        default,
        with = "trigger_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub triggers: Option<Vec<WorkflowRule>>,
}

/// `Workflow/ConditionSet`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConditionSet {
    /// `ANY` or `ALL`.
    #[serde(
        rename = "applyMethod",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub apply_method: Option<String>,
    /// The conditions.
    #[serde(
        rename = "conditions",
        default,
        with = "condition_list",
        skip_serializing_if = "Option::is_none"
    )]
    pub conditions: Option<Vec<WorkflowRule>>,
}

/// A trigger or condition: variable, comparator, value.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WorkflowRule {
    /// The variable compared.
    #[serde(rename = "variable", default, skip_serializing_if = "Option::is_none")]
    pub variable: Option<WorkflowVariable>,
    /// Comparator (`IS_EQUAL`, `CONTAINS`…).
    #[serde(
        rename = "comparator",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub comparator: Option<String>,
    /// Value compared against.
    #[serde(rename = "value", default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A workflow variable.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WorkflowVariable {
    /// Name (`callVariable1`, `event`…).
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// XPath node for CUSTOM variables.
    #[serde(rename = "node", default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// `SYSTEM` or `CUSTOM`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub variable_type: Option<String>,
}

/// A workflow action summary (`<WorkflowAction><name/><type/><uri/></WorkflowAction>`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WorkflowActionRef {
    /// Name.
    #[serde(rename = "name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Type (`BROWSER_POP`, `HTTP_REQUEST`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub action_type: Option<String>,
    /// URI (`/finesse/api/WorkflowAction/{id}`).
    #[serde(rename = "uri", default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

/// `Workflows`: a list of workflows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Workflows {
    /// The workflows.
    #[serde(rename = "Workflow", default)]
    pub workflows: Vec<Workflow>,
}
resource!(Workflows, "Workflows", "workflows");
