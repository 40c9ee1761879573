// The redaction page: draw areas on the page previews, by dragging or by clicking two opposite corners (a single
// pointer is enough). Areas are kept as fractions of their page in the form's hidden field; the next page shows
// every area and match again before anything is redacted. Without JavaScript the terms still work.
const MIN_SIZE = 0.005; // of the page: a slip of the mouse is not an area

const clamp = (value) => Math.min(1, Math.max(0, value));
const rect = (a, b) => ({ x0: Math.min(a.x, b.x), y0: Math.min(a.y, b.y), x1: Math.max(a.x, b.x), y1: Math.max(a.y, b.y) });

function place(element, box) {
  element.style.left = `${box.x0 * 100}%`;
  element.style.top = `${box.y0 * 100}%`;
  element.style.width = `${(box.x1 - box.x0) * 100}%`;
  element.style.height = `${(box.y1 - box.y0) * 100}%`;
}

function setUp(form) {
  const drawing = form.querySelector("[data-redaction-drawing]");
  const field = form.querySelector("[data-redaction-areas]");
  const list = form.querySelector("[data-redaction-list]");
  const count = form.querySelector("[data-redaction-count]");
  const areas = [];
  drawing.hidden = false;

  function save() {
    field.value = areas.length ? JSON.stringify(areas.map((a) => [a.page, a.x0, a.y0, a.x1, a.y1])) : "";
    count.textContent = areas.length ? `${areas.length} area${areas.length === 1 ? "" : "s"} drawn.` : "No areas drawn.";
    list.replaceChildren(...areas.map((area, index) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-2";
      button.textContent = `Remove area ${index + 1} (page ${area.page})`;
      button.addEventListener("click", () => {
        area.element.remove();
        areas.splice(areas.indexOf(area), 1);
        save();
      });
      item.append(button);
      return item;
    }));
  }

  for (const container of drawing.querySelectorAll("[data-redaction-page]")) {
    const page = Number(container.dataset.redactionPage);
    let down = null; // where the pointer went down, while it is down
    let corner = null; // the first corner of a click-click area
    let shape = null; // the area being drawn

    const point = (event) => {
      const bounds = container.getBoundingClientRect();
      return { x: clamp((event.clientX - bounds.left) / bounds.width), y: clamp((event.clientY - bounds.top) / bounds.height) };
    };
    const finish = (box) => {
      corner = null;
      if (box.x1 - box.x0 < MIN_SIZE || box.y1 - box.y0 < MIN_SIZE) {
        shape.remove();
      } else {
        shape.classList.remove("app-redaction-box--drawing");
        areas.push({ page, ...box, element: shape });
        save();
      }
      shape = null;
    };

    container.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      container.setPointerCapture(event.pointerId);
      down = point(event);
      if (!shape) {
        shape = document.createElement("span");
        shape.className = "app-redaction-box app-redaction-box--drawing";
        container.append(shape);
      }
      place(shape, rect(corner || down, down));
    });
    container.addEventListener("pointermove", (event) => {
      if (shape && (down || corner)) place(shape, rect(corner || down, point(event)));
    });
    container.addEventListener("pointerup", (event) => {
      if (!down) return;
      const up = point(event);
      const dragged = Math.abs(up.x - down.x) > MIN_SIZE || Math.abs(up.y - down.y) > MIN_SIZE;
      if (dragged) finish(rect(down, up));
      else if (corner) finish(rect(corner, up));
      else corner = up;
      down = null;
    });
  }
}

const form = document.querySelector("[data-redaction-form]");
if (form && form.querySelector("[data-redaction-drawing]")) setUp(form);
