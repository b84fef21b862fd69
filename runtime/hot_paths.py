"""Work Rasa 3.6.21 repeats on every message, or does at start-up for nothing, done once.

Profiling the Rasa server over a long conversation (py-spy, README
"Performance") showed two pure overheads that grow with traffic, not with
anything the assistant does:

* ``Event.resolve_by_type`` walks every subclass of ``Event`` and asks
  ``inspect.isabstract`` of each, for every stored event it deserialises — a
  fifth of the server's time at message 200. The class found for a type name
  never changes, so it is remembered (unknown names still go the slow way and
  raise as before).
* ``RemoteAction._validate_action_result`` calls ``jsonschema.validate``, which
  validates the *schema itself* against its meta-schema before checking the
  action server's reply — an eighth of the time. The validator is built once;
  the reply is checked against the same schema, with the same error.
* At start-up ``RasaModel.load`` *trains* DIET and TED on one example to create
  their variables before loading the saved weights: TensorFlow traces the
  whole training step (forward, gradients, optimiser) just for that — over half
  of the server's start-up. For a model loaded to answer (not to fine-tune),
  the variables are created by one eager prediction instead, the weights are
  loaded, and the prediction graph is traced once, as Rasa does. The label
  embeddings Rasa precomputes for prediction are computed after the weights
  are in (``prepared_for_prediction`` is reset), so predictions are the same;
  tests/runtime/test_model_loading.py compares them with Rasa's own loading.

All three are patches: Rasa offers no hook for event lookup, reply validation or
model loading. ``install()`` is idempotent and is called by ``runtime.install()``
(``python -m runtime run``). Behaviour is unchanged; tests/runtime/test_hot_paths.py
and tests/runtime/test_model_loading.py check that.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text, Type

import tensorflow as tf
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

# Rasa's own loader, kept for the models loaded to be fine-tuned (and for the tests to compare).
RASA_MODEL_LOAD = RasaModel.__dict__["load"]
_event_classes: Dict[Text, Type[Event]] = {}
_action_result_validator: Optional[Any] = None


def install() -> None:
    if getattr(Event.resolve_by_type, "cached", False):
        return
    rasa_resolve_by_type = Event.resolve_by_type

    def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
        known = _event_classes.get(type_name)
        if known is not None:
            return known
        found = rasa_resolve_by_type(type_name, default)
        if found is not None and found.type_name == type_name:  # not the caller's default
            _event_classes[type_name] = found
        return found

    resolve_by_type.cached = True  # type: ignore[attr-defined]
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    rasa_load = RASA_MODEL_LOAD.__func__

    def load(cls: Type[RasaModel], model_file_name: Text, model_data_example: RasaModelData,
             predict_data_example: Optional[RasaModelData] = None, finetune_mode: bool = False,
             *args: Any, **kwargs: Any) -> RasaModel:
        if finetune_mode or not predict_data_example:
            return rasa_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                             *args, **kwargs)
        return _load_for_inference(cls, model_file_name, predict_data_example, *args, **kwargs)

    RasaModel.load = classmethod(load)  # type: ignore[method-assign,assignment]


def _load_for_inference(cls: Type[RasaModel], model_file_name: Text, predict_data_example: RasaModelData,
                        *args: Any, **kwargs: Any) -> RasaModel:
    config = kwargs.get("config", {})
    model = cls(*args, **kwargs)
    model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
                  run_eagerly=config.get(RUN_EAGERLY))
    traced = model._run_eagerly
    model._run_eagerly = True  # one eager prediction creates every variable prediction uses, with no tracing
    model.run_inference(predict_data_example)
    # The optimiser's slots and training-only weights stay in the file: nothing here reads them.
    model.load_weights(model_file_name).expect_partial()
    model._run_eagerly = traced
    model.prepared_for_prediction = False  # label embeddings again, from the loaded weights
    model.run_inference(predict_data_example)
    return model


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    global _action_result_validator
    if _action_result_validator is None:
        schema = RemoteAction.action_response_format_spec()
        _action_result_validator = validator_for(schema)(schema)
    error = best_match(_action_result_validator.iter_errors(result))
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error
