// Passkeys need the browser's WebAuthn API, so their forms stay hidden until this script finds
// it; everything else in MASA works without JavaScript, and so does the authenticator app.
const supported =
  window.PublicKeyCredential &&
  typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function" &&
  typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";

async function postJson(url, token, body) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": token },
    body: JSON.stringify(body),
  });
  return { ok: response.ok, answer: await response.json() };
}

async function usePasskey(form) {
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const options = await postJson(form.dataset.optionsUrl, token, {});
  if (!options.ok) {
    throw new Error(options.answer.error);
  }
  const credential =
    form.dataset.passkey === "add"
      ? await navigator.credentials.create({
          publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.answer),
        })
      : await navigator.credentials.get({
          publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.answer),
        });
  const name = form.querySelector("input[name=name]");
  const result = await postJson(form.action, token, {
    credential: credential.toJSON(),
    name: name ? name.value : "",
  });
  if (!result.ok) {
    throw new Error(result.answer.error);
  }
  window.location.assign(result.answer.next);
}

if (supported) {
  for (const note of document.querySelectorAll("[data-passkey-unsupported]")) {
    note.hidden = true;
  }
  for (const form of document.querySelectorAll("form[data-passkey]")) {
    form.closest("[data-passkey-section]").hidden = false;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const status = form.querySelector("[data-passkey-status]");
      status.textContent = "";
      usePasskey(form).catch((error) => {
        status.textContent =
          error && error.name === "NotAllowedError"
            ? "The passkey was not used. Try again, or use your authenticator app."
            : (error && error.message) || "The passkey did not work. Try again.";
      });
    });
  }
}
